import type { Metadata } from "next";
import Link from "next/link";
import { requireUser, userTenants } from "@/lib/session";
import { CreateTenantForm } from "./page-client";

export const metadata: Metadata = { title: "Create tenant" };

export default async function NewTenantPage() {
  const user = await requireUser();
  const tenants = await userTenants(user.id);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md">
        <CreateTenantForm />
        {tenants[0] ? (
          <p className="mt-4 text-center text-sm">
            <Link href={`/t/${tenants[0].slug}`} className="text-indigo-600 hover:underline">
              ← Back to {tenants[0].name}
            </Link>
          </p>
        ) : (
          <p className="mt-4 text-center text-sm text-zinc-500">
            You are not in any tenant yet: create one, or ask a teammate to add you.
          </p>
        )}
      </div>
    </main>
  );
}
