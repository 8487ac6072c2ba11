// A sample for tests/unit/i18n-literals.test.ts: three literal texts, and text from messages.
import { toast } from "sonner";

declare const t: (key: string) => string;

export function Sample() {
  toast.success("Saved.");
  return (
    <form>
      <button type="submit">Save changes</button>
      <input placeholder="Search orders" />
      <input placeholder={t("orders.search")} aria-label={t("orders.search")} />
      <span>{t("orders.count")} · 12 / ⌘K · Opsdesk</span>
    </form>
  );
}
