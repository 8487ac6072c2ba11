import Link from "next/link";

/**
 * What a form shows when its request got no answer (useActionForm's `unreachable`): it may have
 * been saved, where to look, and that sending the same form again is safe (its idempotency key).
 */
export function UnreachableNotice({ what, href, place }: { what: string; href: string; place: string }) {
  return (
    <div
      role="alert"
      data-testid="unreachable"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      The server could not be reached. Your {what} may have been created: check{" "}
      <Link href={href} className="font-medium underline">
        {place}
      </Link>
      . Submitting again is safe.
    </div>
  );
}
