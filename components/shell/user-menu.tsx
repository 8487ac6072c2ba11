"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { LogOut } from "lucide-react";
import { signOutAction } from "@/app/(auth)/actions";

export function UserMenu({ name, email }: { name: string; email: string }) {
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <Menu.Root>
      <Menu.Trigger aria-label="Account" className="flex items-center gap-2 rounded-full p-0.5 hover:bg-zinc-100">
        <span className="flex size-8 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold text-white">
          {initials}
        </span>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg"
        >
          <div className="px-2 py-1.5">
            <p className="text-sm font-medium" data-testid="user-name">
              {name}
            </p>
            <p className="text-xs text-zinc-500">{email}</p>
          </div>
          <Menu.Separator className="my-1 h-px bg-zinc-200" />
          <Menu.Item
            onSelect={() => void signOutAction()}
            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100"
          >
            <LogOut className="size-4" aria-hidden />
            Sign out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
