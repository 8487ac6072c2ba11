import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FlowDesignerPage } from "../designer-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("flows.designer"))("meta") };
}

export default async function FlowPage({ params }: { params: Promise<{ tenant: string; flowId: string }> }) {
  const { tenant, flowId } = await params;
  return <FlowDesignerPage slug={tenant} flowId={flowId} />;
}
