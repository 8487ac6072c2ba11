"use server";

import { revalidatePath } from "next/cache";
import { authAction } from "@/lib/safe-action";
import { setLocale, ZSetLocale } from "@/lib/users/set-locale";

/** The user menu's language switch: saved on the profile, so every page and email follows it. */
export const setLocaleAction = authAction.inputSchema(ZSetLocale).action(async ({ parsedInput, ctx }) => {
  const result = await setLocale({ userId: ctx.user.id, ...ctx.meta }, parsedInput);
  revalidatePath("/", "layout");
  return result;
});
