/** Before → after of the keys an audit row recorded. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return <span className="text-zinc-400">—</span>;
  const show = (v: unknown) => (v === undefined ? "∅" : typeof v === "string" ? v : JSON.stringify(v));
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
      {keys.map((k) => (
        <div key={k} className="contents">
          <dt className="text-zinc-500">{k}</dt>
          <dd>
            {k in b ? <span className="text-red-700 line-through decoration-red-300">{show(b[k])}</span> : null}
            {k in b && k in a ? " → " : null}
            {k in a ? <span className="text-emerald-700">{show(a[k])}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
