import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

/**
 * The list tables: `<Table caption><THead><Th/>…</THead><TBody><Tr><Td/>…</Tr></TBody></Table>`,
 * `EmptyRow` for "nothing here" inside a table. Cells take `className` to add to (or, through cn,
 * override) the default padding and colour.
 */
export function Table({
  caption,
  className,
  children,
  ...rest
}: HTMLAttributes<HTMLTableElement> & { caption?: string }) {
  return (
    <table className={cn("w-full text-sm", className)} {...rest}>
      {caption ? <caption className="sr-only">{caption}</caption> : null}
      {children}
    </table>
  );
}

/** The header row: small, upper-case, grey column names. */
export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="border-b border-zinc-200 text-left text-xs uppercase tracking-wide text-zinc-500">
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ className, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th className={cn("px-4 py-3 font-medium", className)} {...rest} />;
}

export const TBody = (props: HTMLAttributes<HTMLTableSectionElement>) => <tbody {...props} />;

/** A body row, ruled off from the next; `hover` for rows that link somewhere. */
export function Tr({ className, hover, ...rest }: HTMLAttributes<HTMLTableRowElement> & { hover?: boolean }) {
  return (
    <tr className={cn("border-b border-zinc-100 last:border-0", hover && "hover:bg-zinc-50", className)} {...rest} />
  );
}

export function Td({ className, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("px-4 py-3", className)} {...rest} />;
}

/** One row across all columns saying there is nothing to list. */
export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-4 py-6 text-center text-zinc-500">
        {children}
      </td>
    </tr>
  );
}
