"use client";

import { useTranslations } from "next-intl";
import { useAction } from "next-safe-action/hooks";
import { runAction } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { useActionForm } from "@/components/ui/use-action-form";
import { dayOf } from "@/lib/format";
import { isBuiltinRole } from "@/lib/permissions";
import { type Role, type RoleOption, roleName } from "@/lib/roles";
import {
  changeRoleAction,
  inviteMemberAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
  transferOwnershipAction,
} from "./actions";

type Member = { userId: string; name: string; email: string; role: Role; joinedAt: string };
type Invitation = { id: string; email: string; role: Role; invitedBy: string | null; sentAt: string; expired: boolean };

/** A role's name in the reader's language: a built-in one's from the messages, a custom one's as its admin wrote it. */
function useRoleNames(roles: RoleOption[]) {
  const t = useTranslations("members");
  return {
    name: (key: string) => (isBuiltinRole(key) ? t(`builtin.${key.toLowerCase()}`) : roleName(key, roles)),
    inSentence: (key: string) =>
      isBuiltinRole(key) ? t(`builtin_in_sentence.${key.toLowerCase()}`) : roleName(key, roles),
  };
}

/** The roles a member can be given: every role of the tenant but OWNER (ownership is handed over). */
const assignable = (roles: RoleOption[], name: (key: string) => string) =>
  roles.filter((r) => r.key !== "OWNER").map((r) => ({ value: r.key, label: name(r.key) }));

export function MembersClient({
  tenant,
  timeZone,
  me,
  myRole,
  canManage,
  members,
  invitations,
  roles,
}: {
  tenant: string;
  timeZone: string;
  me: string;
  myRole: Role;
  canManage: boolean;
  members: Member[];
  invitations: Invitation[];
  roles: RoleOption[];
}) {
  const t = useTranslations("members.table");
  return (
    <div className="space-y-6">
      {canManage ? <InviteForm tenant={tenant} roles={roles} /> : null}
      {canManage && invitations.length > 0 ? (
        <PendingInvitations tenant={tenant} timeZone={timeZone} invitations={invitations} roles={roles} />
      ) : null}
      <Card>
        <Table caption={t("caption")}>
          <THead>
            <Th>{t("name")}</Th>
            <Th>{t("role")}</Th>
            <Th>{t("joined")}</Th>
            <Th>
              <span className="sr-only">{t("actions")}</span>
            </Th>
          </THead>
          <TBody>
            {members.map((m) => (
              <MemberRow
                key={m.userId}
                tenant={tenant}
                timeZone={timeZone}
                member={m}
                me={me}
                myRole={myRole}
                canManage={canManage}
                roles={roles}
              />
            ))}
          </TBody>
        </Table>
      </Card>
    </div>
  );
}

function InviteForm({ tenant, roles }: { tenant: string; roles: RoleOption[] }) {
  const t = useTranslations("members.invite");
  const names = useRoleNames(roles);
  const form = useActionForm(inviteMemberAction, {
    extra: { tenant },
    successMessage: (d) => t("sent", { email: d.email }),
    onSuccess: (_d, el) => el?.reset(),
  });
  return (
    <Card className="p-5">
      <h2 className="mb-1 text-sm font-semibold">{t("title")}</h2>
      <p className="mb-3 text-sm text-zinc-500">{t("hint")}</p>
      <form onSubmit={form.onSubmit} noValidate className="grid items-start gap-3 md:grid-cols-[1fr_12rem_auto]">
        <TextField
          label={t("email")}
          name="email"
          type="email"
          placeholder={t("email_placeholder")}
          required
          error={form.fieldError("email")}
        />
        <SelectField
          label={t("role")}
          name="role"
          defaultValue="MEMBER"
          options={assignable(roles, names.name)}
          error={form.fieldError("role")}
        />
        <div className="md:pt-6">
          <Button type="submit" pending={form.pending}>
            {t("submit")}
          </Button>
        </div>
        <div className="md:col-span-3">
          <FormError message={form.formError} />
        </div>
      </form>
    </Card>
  );
}

function PendingInvitations({
  tenant,
  timeZone,
  invitations,
  roles,
}: {
  tenant: string;
  timeZone: string;
  invitations: Invitation[];
  roles: RoleOption[];
}) {
  const t = useTranslations("members.pending");
  const names = useRoleNames(roles);
  return (
    <Card>
      <h2 className="px-4 pt-4 text-sm font-semibold">{t("title")}</h2>
      <Table caption={t("title")}>
        <TBody>
          {invitations.map((i) => (
            <Tr key={i.id} data-testid={`invitation-${i.email}`}>
              <Td>
                <p className="font-medium">{i.email}</p>
                <p className="text-zinc-500">
                  {i.invitedBy
                    ? t("sent_by", { role: names.name(i.role), date: dayOf(i.sentAt, timeZone), name: i.invitedBy })
                    : t("sent", { role: names.name(i.role), date: dayOf(i.sentAt, timeZone) })}
                  {i.expired ? ` · ${t("expired")}` : ""}
                </p>
              </Td>
              <Td className="text-right">
                <div className="flex justify-end gap-2">
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() =>
                      runAction(resendInvitationAction({ tenant, invitationId: i.id }), t("resent", { email: i.email }))
                    }
                  >
                    {t("resend")}
                  </Button>
                  <ConfirmDialog
                    trigger={
                      <Button variant="ghost" size="sm" className="text-red-600">
                        {t("revoke")}
                      </Button>
                    }
                    title={t("revoke_title", { email: i.email })}
                    description={t("revoke_description")}
                    confirmLabel={t("revoke_confirm")}
                    danger
                    onConfirm={() =>
                      runAction(
                        revokeInvitationAction({ tenant, invitationId: i.id }),
                        t("revoked", { email: i.email }),
                      )
                    }
                  />
                </div>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}

function MemberRow({
  tenant,
  timeZone,
  member: m,
  me,
  myRole,
  canManage,
  roles,
}: {
  tenant: string;
  timeZone: string;
  member: Member;
  me: string;
  myRole: Role;
  canManage: boolean;
  roles: RoleOption[];
}) {
  const t = useTranslations("members");
  const names = useRoleNames(roles);
  const changeRole = useAction(changeRoleAction);
  const isMe = m.userId === me;
  const isOwner = m.role === "OWNER";
  return (
    <Tr data-testid={`member-${m.email}`}>
      <Td>
        <p className="font-medium">
          {m.name} {isMe ? <span className="text-zinc-400">{t("you")}</span> : null}
        </p>
        <p className="text-zinc-500">{m.email}</p>
      </Td>
      <Td>
        {canManage && !isOwner ? (
          <select
            aria-label={t("role_of", { name: m.name })}
            defaultValue={m.role}
            disabled={changeRole.isPending}
            className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm"
            onChange={async (e) => {
              const select = e.currentTarget;
              const role = select.value;
              const ok = await runAction(
                changeRole.executeAsync({ tenant, userId: m.userId, role }),
                t("role_changed", { name: m.name, role: names.inSentence(role) }),
              );
              if (!ok) select.value = m.role;
            }}
          >
            {assignable(roles, names.name).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <Badge tone={isBuiltinRole(m.role) ? m.role : "neutral"}>{names.name(m.role)}</Badge>
        )}
      </Td>
      <Td className="text-zinc-500">{dayOf(m.joinedAt, timeZone)}</Td>
      <Td className="text-right">
        <div className="flex justify-end gap-2">
          {myRole === "OWNER" && !isMe ? (
            <ConfirmDialog
              trigger={
                <Button variant="secondary" size="sm">
                  {t("ownership.make")}
                </Button>
              }
              title={t("ownership.title", { name: m.name })}
              description={t("ownership.description")}
              confirmLabel={t("ownership.confirm")}
              onConfirm={() =>
                runAction(transferOwnershipAction({ tenant, userId: m.userId }), t("ownership.done", { name: m.name }))
              }
            />
          ) : null}
          {!isOwner && (isMe || canManage) ? (
            <ConfirmDialog
              trigger={
                <Button variant="ghost" size="sm" className="text-red-600">
                  {isMe ? t("remove.leave") : t("remove.remove")}
                </Button>
              }
              title={isMe ? t("remove.leave_title") : t("remove.remove_title", { name: m.name })}
              description={isMe ? t("remove.leave_description") : t("remove.remove_description", { name: m.name })}
              confirmLabel={isMe ? t("remove.leave_confirm") : t("remove.remove_confirm")}
              danger
              onConfirm={() =>
                runAction(
                  removeMemberAction({ tenant, userId: m.userId }),
                  isMe ? t("remove.left") : t("remove.removed", { name: m.name }),
                )
              }
            />
          ) : null}
        </div>
      </Td>
    </Tr>
  );
}
