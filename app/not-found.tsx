import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-5xl font-semibold text-zinc-300">404</p>
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="text-sm text-zinc-500">
        This page does not exist, or it belongs to a tenant you are not a member of.
      </p>
      <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline">
        Go to your tenants
      </Link>
    </main>
  );
}
