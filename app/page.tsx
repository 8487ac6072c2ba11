import { redirect } from "next/navigation";
import { currentUser, userTenants } from "@/lib/session";

/** Home: the user's first tenant, or sign-in. */
export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/login");
  const tenants = await userTenants(user.id);
  redirect(tenants[0] ? `/t/${tenants[0].slug}` : "/tenants/new");
}
