/** The product's name as the shell shows it (the same in every language). */
export function Brand() {
  return (
    <p className="mb-2 px-1 text-lg font-semibold tracking-tight">
      <span className="text-indigo-600">{"Ops"}</span>
      {"desk"}
    </p>
  );
}
