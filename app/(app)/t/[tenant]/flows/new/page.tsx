import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FlowDesignerPage } from "../designer-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("flows.designer"))("new_title") };
}

export default async function NewFlowPage({ params }: { params: Promise<{ tenant: string }> }) {
  return <FlowDesignerPage slug={(await params).tenant} flowId={null} />;
}
