"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";

/**
 * React Query for the parts of a page that poll (live execution output, the notification bell):
 * one client per mounted provider, one retry, refetch on focus only where asked.
 */
export function QueryProvider({
  children,
  refetchOnWindowFocus = false,
}: {
  children: ReactNode;
  refetchOnWindowFocus?: boolean;
}) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
