import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { users } from "@/db/schema";
import { withUser } from "@/db/tenant";
import { signUp } from "@/lib/auth/sign-up";
import { setLocale } from "@/lib/users/set-locale";
import { makeOwner } from "../../support/factory";

async function localeOf(userId: string) {
  const [row] = await withUser({ userId }, (tx) =>
    tx.select({ locale: users.locale }).from(users).where(eq(users.id, userId)),
  );
  return row?.locale;
}

describe("the user's language", () => {
  test("setting the locale stores it on the profile; a locale we do not serve is refused and writes nothing", async () => {
    const o = await makeOwner();
    expect(await localeOf(o.userId)).toBeNull();
    expect(await setLocale({ userId: o.userId }, { locale: "zh-CN" })).toEqual({ locale: "zh-CN" });
    expect(await localeOf(o.userId)).toBe("zh-CN");

    await expect(setLocale({ userId: o.userId }, { locale: "fr" })).rejects.toMatchObject({
      code: "shell.unknown_locale",
      field: "locale",
    });
    await expect(setLocale({ userId: o.userId }, { locale: "en", extra: 1 })).rejects.toMatchObject({
      code: "shell.unknown_locale",
    });
    expect(await localeOf(o.userId)).toBe("zh-CN");

    await setLocale({ userId: o.userId }, { locale: "en" });
    expect(await localeOf(o.userId)).toBe("en");
  });

  test("an account keeps the language it was created in", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const signedUp = (locale: "zh-CN" | null, who: string) =>
      signUp(
        {
          name: who,
          email: `${who}-${tag}@example.test`,
          password: "correct horse battery",
          tenantName: `${who} ${tag}`,
        },
        {},
        locale,
      );
    expect(await localeOf((await signedUp("zh-CN", "zh")).userId)).toBe("zh-CN");
    expect(await localeOf((await signedUp(null, "plain")).userId)).toBeNull();
  });

  test("one user's choice does not touch another's", async () => {
    const a = await makeOwner("a");
    const b = await makeOwner("b");
    await setLocale({ userId: a.userId }, { locale: "zh-CN" });
    expect(await localeOf(b.userId)).toBeNull();
  });
});
