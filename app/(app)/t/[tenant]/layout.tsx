import type { ReactNode } from "react";
import { NotificationBell } from "@/components/notifications/bell";
import { Brand } from "@/components/shell/brand";
import { MobileNav } from "@/components/shell/mobile-nav";
import { Sidebar } from "@/components/shell/sidebar";
import { TenantSwitcher } from "@/components/shell/tenant-switcher";
import { UserMenu } from "@/components/shell/user-menu";
import { CommandPalette } from "@/components/ui/command-palette";
import { TimeZoneProvider } from "@/components/ui/time-zone";
import { mailPageEnabled } from "@/lib/mail/mail-page";
import { requireTenant, userTenants } from "@/lib/session";

/** Membership gate: every page under /t/[tenant] renders only for members of that tenant. */
export default async function TenantLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenant: string }>;
}) {
  const { tenant: slug } = await params;
  const { user, tenant, actor } = await requireTenant(slug);
  const holder = { role: actor.role, permissions: actor.permissions };
  const tenants = await userTenants(user.id);
  const mail = mailPageEnabled();
  return (
    <TimeZoneProvider timeZone={tenant.timeZone}>
      <div className="flex min-h-screen">
        <aside className="sticky top-0 hidden h-screen w-60 shrink-0 flex-col border-r border-zinc-200 bg-white md:flex">
          <div className="border-b border-zinc-200 p-3">
            <Brand />
            <TenantSwitcher current={tenant} tenants={tenants} />
          </div>
          <Sidebar tenant={tenant.slug} holder={holder} mail={mail} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex h-14 items-center justify-between gap-2 border-b border-zinc-200 bg-white px-4 md:px-6">
            <div className="flex min-w-0 items-center gap-2 md:hidden">
              <MobileNav tenant={tenant.slug} holder={holder} mail={mail} />
              <TenantSwitcher current={tenant} tenants={tenants} />
            </div>
            <p className="hidden text-sm text-zinc-500 md:block">
              {tenant.name} · <span className="lowercase">{tenant.role}</span>
            </p>
            <div className="flex items-center gap-2">
              <CommandPalette tenant={tenant.slug} />
              <NotificationBell tenant={tenant.slug} />
              <UserMenu name={user.name} email={user.email} />
            </div>
          </header>
          <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 md:px-6">{children}</main>
        </div>
      </div>
    </TimeZoneProvider>
  );
}
