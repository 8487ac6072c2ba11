import type { ReactNode } from "react";
import { QueryProvider } from "@/components/ui/query-provider";

export default function FlowsLayout({ children }: { children: ReactNode }) {
  return <QueryProvider>{children}</QueryProvider>;
}
