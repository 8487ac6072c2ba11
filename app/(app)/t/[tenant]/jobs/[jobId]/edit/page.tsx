import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { JobFormPage } from "../../job-form-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("jobs.form"))("edit_meta") };
}

export default async function EditJobPage({ params }: { params: Promise<{ tenant: string; jobId: string }> }) {
  const { tenant, jobId } = await params;
  return <JobFormPage slug={tenant} jobId={jobId} />;
}
