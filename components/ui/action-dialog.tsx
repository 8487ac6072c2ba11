"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { type ReactNode, useState } from "react";
import { cn } from "./cn";

/**
 * A Radix dialog holding a small form (transfer, add approver, any action that asks for input). `children` gets `close` to call
 * when the action succeeded; on failure the dialog stays open with what was typed.
 */
export function ActionDialog({
  trigger,
  title,
  description,
  className,
  children,
}: {
  trigger: ReactNode;
  title: string;
  description?: ReactNode;
  /** Added to the panel's classes, e.g. a wider, scrolling panel for a long form. */
  className?: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-zinc-900/40" />
        <Dialog.Content
          className={cn(
            "fixed top-1/2 left-1/2 w-[min(30rem,92vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl",
            className,
          )}
        >
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          {description ? (
            <Dialog.Description className="mt-1 text-sm text-zinc-600">{description}</Dialog.Description>
          ) : (
            <Dialog.Description className="sr-only">{title}</Dialog.Description>
          )}
          <div className="mt-4">{children(() => setOpen(false))}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
