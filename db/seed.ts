import "server-only";
import { findUserByEmail } from "@/db/queries/tenancy";
import { users } from "@/db/schema";
import { withUser } from "@/db/tenant";
import { hashPassword } from "@/lib/auth/password";
import { signUp } from "@/lib/auth/sign-up";
import type { Role } from "@/lib/roles";
import { addMember } from "@/lib/tenants/add-member";

export const DEMO_PASSWORD = "opsdesk-demo";
export const DEMO_TENANT = "Demo Ops";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "owner@demo.opsdesk.dev", name: "Olivia Owner", role: "OWNER" },
  { email: "admin@demo.opsdesk.dev", name: "Adam Admin", role: "ADMIN" },
  { email: "member@demo.opsdesk.dev", name: "Mia Member", role: "MEMBER" },
  { email: "viewer@demo.opsdesk.dev", name: "Victor Viewer", role: "VIEWER" },
];

/** Creates the demo tenant and users once; returns false when they already exist. */
export async function seedDemo(): Promise<boolean> {
  const [owner, ...others] = DEMO_USERS;
  if (!owner) return false;
  const existing = await withUser({ userId: null }, (tx) => findUserByEmail(tx, owner.email));
  if (existing) return false;
  const { userId, tenant } = await signUp({
    name: owner.name,
    email: owner.email,
    password: DEMO_PASSWORD,
    tenantName: DEMO_TENANT,
  });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const actor = { tenantId: tenant.id, userId, role: "OWNER" as const };
  for (const u of others) {
    await withUser({ userId: null }, (tx) =>
      tx.insert(users).values({ email: u.email, name: u.name, passwordHash }).onConflictDoNothing(),
    );
    await addMember(actor, { email: u.email, role: u.role as Exclude<Role, "OWNER"> });
  }
  return true;
}

export function demoCredentialsText(): string {
  const lines = DEMO_USERS.map((u) => `  ${u.role.padEnd(6)} ${u.email} / ${DEMO_PASSWORD}`);
  return `Demo tenant "${DEMO_TENANT}" — sign in with:\n${lines.join("\n")}`;
}
