/** The filter row of a list page (a GET form): labelled selects and date inputs that keep their values. */
const control = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm";

export function FilterSelect({
  label,
  name,
  value,
  any,
  options,
}: {
  label: string;
  name: string;
  value: string | undefined;
  /** The first option, meaning "no filter" (e.g. "Any status"). */
  any: string;
  options: { value: string; label: string }[];
}) {
  return (
    <label className="text-sm">
      <span className="mb-1 block text-zinc-600">{label}</span>
      <select name={name} defaultValue={value ?? ""} className={control}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function FilterDate({ label, name, value }: { label: string; name: string; value: string | undefined }) {
  return (
    <label className="text-sm">
      <span className="mb-1 block text-zinc-600">{label}</span>
      <input type="date" name={name} defaultValue={value ?? ""} className={control} />
    </label>
  );
}
