import { randomUUID } from "node:crypto";
import { type Browser, test as base, expect, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";

export type Person = { name: string; email: string; tenantName: string };

export function person(label: string): Person {
  const tag = randomUUID().slice(0, 8);
  return { name: `${label} ${tag}`, email: `${label}-${tag}@e2e.opsdesk.dev`, tenantName: `${label} team ${tag}` };
}

/** Signs a new person up through the form; returns their first tenant's slug. */
export async function signUp(page: Page, p: Person): Promise<string> {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(p.name);
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Team or company (your first tenant)").fill(p.tenantName);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/t\/[a-z0-9-]+$/);
  return new URL(page.url()).pathname.split("/")[2] ?? "";
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A fresh browser context (its own cookies) for a second person. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** Each person signed up in a browser context of their own, in order; their pages by the same keys. */
export async function signUpEach<K extends string>(
  browser: Browser,
  people: Record<K, Person>,
): Promise<Record<K, Page>> {
  const pages = {} as Record<K, Page>;
  for (const [key, p] of Object.entries(people) as [K, Person][]) {
    pages[key] = await newPage(browser);
    await signUp(pages[key], p);
  }
  return pages;
}

export const test = base;
export { expect };
