"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { findOrdersAction } from "@/app/(app)/t/[tenant]/actions";
import { cn } from "./cn";

/** The pages the palette jumps to, under /t/<tenant>; labels are `palette.page.<key>`. */
const PAGES = [
  ["overview", ""],
  ["submit", "/work-orders"],
  ["mine", "/work-orders/mine"],
  ["history", "/work-orders/history"],
  ["templates", "/work-orders/templates"],
  ["categories", "/work-orders/categories"],
  ["approvals", "/approvals"],
  ["flows", "/approvals/flows"],
  ["runs", "/runs"],
  ["notifications", "/notifications"],
  ["channels", "/notifications/channels"],
  ["deliveries", "/notifications/deliveries"],
  ["members", "/members"],
  ["roles", "/members/roles"],
  ["audit", "/audit"],
  ["settings", "/settings"],
] as const;

type Order = { id: string; number: number; title: string };
type Item = { id: string; label: string; detail?: string; href: string };

/**
 * Ctrl/⌘+K anywhere in a tenant opens a jump-to palette: type a page's name, an order's #number or
 * words of its title, move with ↑↓, Enter opens it, Esc closes (focus returns where it was).
 */
export function CommandPalette({ tenant }: { tenant: string }) {
  const t = useTranslations("palette");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const [orders, setOrders] = useState<Order[]>([]);
  const [searching, setSearching] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const asked = useRef(0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // Orders are searched on the server, a moment after typing stops; a late answer to an older
  // query is dropped.
  useEffect(() => {
    const text = q.trim();
    if (!open || !text) {
      setOrders([]);
      setSearching(false);
      return;
    }
    const ask = ++asked.current;
    setSearching(true);
    const timer = setTimeout(async () => {
      const res = await findOrdersAction({ tenant, q: text }).catch(() => undefined);
      if (ask !== asked.current) return;
      setOrders(res?.data ?? []);
      setSearching(false);
    }, 150);
    return () => clearTimeout(timer);
  }, [q, open, tenant]);

  const base = `/t/${tenant}`;
  const items = useMemo<Item[]>(() => {
    const text = q.trim().toLowerCase();
    const pages = PAGES.map(([key, path]) => ({
      id: `page-${key}`,
      label: t(`page.${key}`),
      href: `${base}${path}`,
    })).filter((p) => !text || p.label.toLowerCase().includes(text));
    const found = orders.map((o) => ({
      id: `order-${o.id}`,
      label: `#${o.number} ${o.title}`,
      detail: t("orders"),
      href: `${base}/work-orders/${o.id}`,
    }));
    return [...pages, ...found];
  }, [q, orders, base, t]);

  useEffect(() => setActive((a) => Math.min(a, Math.max(items.length - 1, 0))), [items.length]);

  const go = (item: Item | undefined) => {
    if (!item) return;
    setOpen(false);
    setQ("");
    router.push(item.href);
  };

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setQ("");
      }}
    >
      <Dialog.Trigger
        className="hidden items-center gap-2 rounded-md border border-zinc-200 px-2 py-1 text-xs text-zinc-500 hover:bg-zinc-50 sm:flex"
        aria-keyshortcuts="Control+K Meta+K"
      >
        {t("open")}
        <kbd className="rounded border border-zinc-300 px-1">Ctrl K</kbd>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-900/30" />
        <Dialog.Content
          className="fixed top-[15vh] left-1/2 z-50 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xl"
          aria-describedby={undefined}
        >
          <Dialog.Title className="sr-only">{t("title")}</Dialog.Title>
          <input
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={items[active] ? `${listId}-${items[active].id}` : undefined}
            aria-label={t("title")}
            placeholder={t("placeholder")}
            value={q}
            maxLength={100}
            onChange={(e) => {
              setQ(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown") {
                e.preventDefault();
                setActive((a) => (items.length ? (a + 1) % items.length : 0));
              } else if (e.key === "ArrowUp") {
                e.preventDefault();
                setActive((a) => (items.length ? (a - 1 + items.length) % items.length : 0));
              } else if (e.key === "Enter") {
                e.preventDefault();
                go(items[active]);
              }
            }}
            className="w-full border-b border-zinc-200 px-4 py-3 text-sm focus:outline-none"
          />
          <div id={listId} role="listbox" aria-label={t("title")} className="max-h-80 overflow-y-auto py-1">
            {items.map((item, i) => (
              <div
                key={item.id}
                id={`${listId}-${item.id}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                onMouseEnter={() => setActive(i)}
                onMouseDown={(e) => {
                  e.preventDefault();
                  go(item);
                }}
                className={cn(
                  "flex cursor-pointer items-center justify-between gap-3 px-4 py-2 text-sm",
                  i === active ? "bg-indigo-50 text-indigo-900" : "text-zinc-800",
                )}
              >
                <span className="truncate">{item.label}</span>
                {item.detail ? <span className="shrink-0 text-xs text-zinc-400">{item.detail}</span> : null}
              </div>
            ))}
          </div>
          <p className="border-t border-zinc-100 px-4 py-2 text-xs text-zinc-400" aria-live="polite">
            {searching ? t("searching") : items.length === 0 ? t("nothing", { q: q.trim() }) : t("hint")}
          </p>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
