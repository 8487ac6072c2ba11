"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { Menu, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { Holder } from "@/lib/permissions";
import { Brand } from "./brand";
import { Sidebar } from "./sidebar";

/**
 * Below `md` the sidebar is hidden: this menu button opens the same navigation as a drawer
 * (a Radix dialog: titled for screen readers, Esc closes it and focus goes back to the button).
 * Choosing a link closes it.
 */
export function MobileNav({ tenant, holder, mail = false }: { tenant: string; holder: Holder; mail?: boolean }) {
  const t = useTranslations("shell.drawer");
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger
        aria-label={t("open")}
        className="rounded-md p-2 text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600 md:hidden"
      >
        <Menu className="size-5" aria-hidden />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-900/40 md:hidden" />
        <Dialog.Content className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col overflow-y-auto border-r border-zinc-200 bg-white shadow-xl outline-none md:hidden">
          <div className="flex items-start justify-between border-b border-zinc-200 p-3">
            <div>
              <Dialog.Title className="sr-only">{t("title")}</Dialog.Title>
              <Dialog.Description className="sr-only">{t("description")}</Dialog.Description>
              <Brand />
            </div>
            <Dialog.Close aria-label={t("close")} className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100">
              <X className="size-4" aria-hidden />
            </Dialog.Close>
          </div>
          <Sidebar tenant={tenant} holder={holder} mail={mail} onNavigate={() => setOpen(false)} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
