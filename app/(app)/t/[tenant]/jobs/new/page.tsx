import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { JobFormPage } from "../job-form-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("jobs.form"))("new_title") };
}

export default async function NewJobPage({ params }: { params: Promise<{ tenant: string }> }) {
  return <JobFormPage slug={(await params).tenant} jobId={null} />;
}
