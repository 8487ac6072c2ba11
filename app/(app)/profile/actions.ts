"use server";

import { revalidatePath } from "next/cache";
import { authAction } from "@/lib/safe-action";
import { changePassword, ZChangePassword } from "@/lib/users/change-password";
import { setLocale, ZSetLocale } from "@/lib/users/set-locale";
import { updateProfile, ZUpdateProfile } from "@/lib/users/update-profile";

/** The user menu's language switch: saved on the profile, so every page and email follows it. */
export const setLocaleAction = authAction.inputSchema(ZSetLocale).action(async ({ parsedInput, ctx }) => {
  const result = await setLocale({ userId: ctx.user.id, ...ctx.meta }, parsedInput);
  revalidatePath("/", "layout");
  return result;
});

/** The profile page's name and language; every page re-renders in the language chosen. */
export const updateProfileAction = authAction.inputSchema(ZUpdateProfile).action(async ({ parsedInput, ctx }) => {
  const result = await updateProfile({ userId: ctx.user.id, ...ctx.meta }, parsedInput);
  revalidatePath("/", "layout");
  return result;
});

/** The profile page's password change (the current password is checked first). */
export const changePasswordAction = authAction
  .inputSchema(ZChangePassword)
  .action(({ parsedInput, ctx }) =>
    changePassword({ userId: ctx.user.id, email: ctx.user.email, ...ctx.meta }, parsedInput),
  );
