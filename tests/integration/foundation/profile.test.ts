import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { users } from "@/db/schema";
import { withUser } from "@/db/tenant";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { renderMessage } from "@/lib/i18n/translate";
import { changePassword, ZChangePassword } from "@/lib/users/change-password";
import { updateProfile } from "@/lib/users/update-profile";
import { makeOwner } from "../../support/factory";

const OLD = "correct horse battery";
const NEW = "a brand new passphrase";

async function row(userId: string) {
  const [r] = await withUser({ userId }, (tx) =>
    tx
      .select({ name: users.name, locale: users.locale, passwordHash: users.passwordHash, updatedAt: users.updatedAt })
      .from(users)
      .where(eq(users.id, userId)),
  );
  if (!r) throw new Error("no such user");
  return r;
}

/** Each check from its own source address: the sign-in throttle counts per (email, address). */
const from = (ip: string) => ({ ip });

describe("the profile page", () => {
  test("a wrong current password is refused and changes nothing; the right one changes it, and the old one no longer signs in", async () => {
    const o = await makeOwner("pw");
    const ctx = { userId: o.userId, email: o.email, ip: "198.51.100.7" };
    const before = await row(o.userId);

    await expect(
      changePassword(ctx, { currentPassword: "not my password", newPassword: NEW, confirmPassword: NEW }),
    ).rejects.toMatchObject({
      code: "profile.wrong_password",
      field: "currentPassword",
      message: "That is not your current password. Nothing was changed.",
    });
    expect(await row(o.userId)).toEqual(before);
    expect((await verifyCredentials(o.email, OLD, from("203.0.113.1"))).status).toBe("ok");

    // The new one being the current one is said plainly, and nothing is written either.
    await expect(
      changePassword(ctx, { currentPassword: OLD, newPassword: OLD, confirmPassword: OLD }),
    ).rejects.toMatchObject({ code: "profile.same_password", field: "newPassword" });
    expect((await row(o.userId)).passwordHash).toBe(before.passwordHash);

    expect(await changePassword(ctx, { currentPassword: OLD, newPassword: NEW, confirmPassword: NEW })).toEqual({
      changed: true,
    });
    const after = await row(o.userId);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    expect(after.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await verifyCredentials(o.email, OLD, from("203.0.113.2"))).status).toBe("invalid");
    expect((await verifyCredentials(o.email, NEW, from("203.0.113.3"))).status).toBe("ok");
  });

  test("guessing the current password is throttled like sign-in: five wrong tries lock it, then the right one is refused too", async () => {
    const o = await makeOwner("guess");
    const ctx = { userId: o.userId, email: o.email, ip: "198.51.100.8" };
    const hash = (await row(o.userId)).passwordHash;
    for (let i = 0; i < 4; i++)
      await expect(
        changePassword(ctx, { currentPassword: `guess ${i}`, newPassword: NEW, confirmPassword: NEW }),
      ).rejects.toMatchObject({ code: "profile.wrong_password" });
    // The fifth wrong try uses the last slot of the window: from here on, locked.
    await expect(
      changePassword(ctx, { currentPassword: "guess 4", newPassword: NEW, confirmPassword: NEW }),
    ).rejects.toMatchObject({ code: "auth.locked" });
    await expect(
      changePassword(ctx, { currentPassword: OLD, newPassword: NEW, confirmPassword: NEW }),
    ).rejects.toMatchObject({ code: "auth.locked", field: "currentPassword" });
    expect((await row(o.userId)).passwordHash).toBe(hash);
  });

  test("the new password follows sign-up's rules and must be typed twice the same, all said in one round", () => {
    const issues = (input: unknown) => {
      const r = ZChangePassword.safeParse(input);
      return r.success
        ? {}
        : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), renderMessage("en", i.message)]));
    };
    expect(issues({ currentPassword: "", newPassword: "short", confirmPassword: "shorter" })).toEqual({
      currentPassword: "Enter your current password.",
      newPassword: "Password must be at least 10 characters.",
      confirmPassword: "The two new passwords are not the same.",
    });
    expect(issues({ currentPassword: OLD, newPassword: "x".repeat(201), confirmPassword: "x".repeat(201) })).toEqual({
      newPassword: "Password must be at most 200 characters.",
      confirmPassword: "The two new passwords are not the same.",
    });
    expect(issues({ currentPassword: OLD, newPassword: NEW, confirmPassword: NEW })).toEqual({});
    expect(issues({ currentPassword: OLD, newPassword: NEW, confirmPassword: NEW, role: "OWNER" })).toHaveProperty("");
  });

  test("name and language are saved together; a bad name or an unknown language writes nothing", async () => {
    const o = await makeOwner("me");
    const ctx = { userId: o.userId };
    expect(await updateProfile(ctx, { name: "  Mei Lin  ", locale: "zh-CN" })).toEqual({
      name: "Mei Lin",
      locale: "zh-CN",
    });
    expect(await row(o.userId)).toMatchObject({ name: "Mei Lin", locale: "zh-CN" });

    await expect(updateProfile(ctx, { name: "", locale: "en" })).rejects.toThrow();
    await expect(updateProfile(ctx, { name: "Someone", locale: "fr" as "en" })).rejects.toThrow();
    expect(await row(o.userId)).toMatchObject({ name: "Mei Lin", locale: "zh-CN" });

    // Another user's profile is untouched.
    const other = await makeOwner("other");
    expect((await row(other.userId)).locale).toBeNull();
  });
});
