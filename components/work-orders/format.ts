/**
 * @deprecated Moved to lib/format.ts (dates in the tenant's time zone) and
 * components/work-orders/labels.ts. Kept only for the approvals pages under work-orders/approvals,
 * which are moving to their own slice; delete once they import lib/format.
 */
import { dateTime, relative, type When } from "@/lib/format";

/** @deprecated use `relative` from lib/format */
export const age = (d: When, now?: When) => relative(d, now);

/** @deprecated use `dateTime(d, tenant.timeZone)` from lib/format */
export const utc = (d: When, withSeconds = false) => dateTime(d, "UTC", { seconds: withSeconds });
