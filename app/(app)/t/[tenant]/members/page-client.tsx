"use client";

import { useAction } from "next-safe-action/hooks";
import { runAction } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { useActionForm } from "@/components/ui/use-action-form";
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

/** The roles a member can be given: every role of the tenant but OWNER (ownership is handed over). */
const assignable = (roles: RoleOption[]) =>
  roles.filter((r) => r.key !== "OWNER").map((r) => ({ value: r.key, label: r.name }));

export function MembersClient({
  tenant,
  me,
  myRole,
  canManage,
  members,
  invitations,
  roles,
}: {
  tenant: string;
  me: string;
  myRole: Role;
  canManage: boolean;
  members: Member[];
  invitations: Invitation[];
  roles: RoleOption[];
}) {
  return (
    <div className="space-y-6">
      {canManage ? <InviteForm tenant={tenant} roles={roles} /> : null}
      {canManage && invitations.length > 0 ? (
        <PendingInvitations tenant={tenant} invitations={invitations} roles={roles} />
      ) : null}
      <Card>
        <Table caption="Members">
          <THead>
            <Th>Name</Th>
            <Th>Role</Th>
            <Th>Joined</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </THead>
          <TBody>
            {members.map((m) => (
              <MemberRow
                key={m.userId}
                tenant={tenant}
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
  const form = useActionForm(inviteMemberAction, {
    extra: { tenant },
    successMessage: (d) => `Invitation sent to ${d.email}.`,
    onSuccess: (_d, el) => el?.reset(),
  });
  return (
    <Card className="p-5">
      <h2 className="mb-1 text-sm font-semibold">Invite a member</h2>
      <p className="mb-3 text-sm text-zinc-500">
        They get an email with a link, valid for 7 days, to sign in or create an account and join.
      </p>
      <form onSubmit={form.onSubmit} noValidate className="grid items-start gap-3 md:grid-cols-[1fr_12rem_auto]">
        <TextField
          label="Email"
          name="email"
          type="email"
          placeholder="teammate@example.com"
          required
          error={form.fieldError("email")}
        />
        <SelectField
          label="Role"
          name="role"
          defaultValue="MEMBER"
          options={assignable(roles)}
          error={form.fieldError("role")}
        />
        <div className="md:pt-6">
          <Button type="submit" pending={form.pending}>
            Send invitation
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
  invitations,
  roles,
}: {
  tenant: string;
  invitations: Invitation[];
  roles: RoleOption[];
}) {
  return (
    <Card>
      <h2 className="px-4 pt-4 text-sm font-semibold">Pending invitations</h2>
      <Table caption="Pending invitations">
        <TBody>
          {invitations.map((i) => (
            <Tr key={i.id} data-testid={`invitation-${i.email}`}>
              <Td>
                <p className="font-medium">{i.email}</p>
                <p className="text-zinc-500">
                  {roleName(i.role, roles)} · sent {i.sentAt.slice(0, 10)}
                  {i.invitedBy ? ` by ${i.invitedBy}` : ""}
                  {i.expired ? " · expired" : ""}
                </p>
              </Td>
              <Td className="text-right">
                <div className="flex justify-end gap-2">
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() =>
                      runAction(
                        resendInvitationAction({ tenant, invitationId: i.id }),
                        `A new invitation was sent to ${i.email}.`,
                      )
                    }
                  >
                    Resend
                  </Button>
                  <ConfirmDialog
                    trigger={
                      <Button variant="ghost" size="sm" className="text-red-600">
                        Revoke
                      </Button>
                    }
                    title={`Revoke the invitation to ${i.email}?`}
                    description="Its link stops working at once. You can invite them again later."
                    confirmLabel="Revoke invitation"
                    danger
                    onConfirm={() =>
                      runAction(
                        revokeInvitationAction({ tenant, invitationId: i.id }),
                        `The invitation to ${i.email} was revoked.`,
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
  member: m,
  me,
  myRole,
  canManage,
  roles,
}: {
  tenant: string;
  member: Member;
  me: string;
  myRole: Role;
  canManage: boolean;
  roles: RoleOption[];
}) {
  const changeRole = useAction(changeRoleAction);
  const isMe = m.userId === me;
  const isOwner = m.role === "OWNER";
  return (
    <Tr data-testid={`member-${m.email}`}>
      <Td>
        <p className="font-medium">
          {m.name} {isMe ? <span className="text-zinc-400">(you)</span> : null}
        </p>
        <p className="text-zinc-500">{m.email}</p>
      </Td>
      <Td>
        {canManage && !isOwner ? (
          <select
            aria-label={`Role of ${m.name}`}
            defaultValue={m.role}
            disabled={changeRole.isPending}
            className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm"
            onChange={async (e) => {
              const select = e.currentTarget;
              const role = select.value;
              const ok = await runAction(
                changeRole.executeAsync({ tenant, userId: m.userId, role }),
                `${m.name} is now ${isBuiltinRole(role) ? roleName(role).toLowerCase() : roleName(role, roles)}.`,
              );
              if (!ok) select.value = m.role;
            }}
          >
            {assignable(roles).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <Badge tone={isBuiltinRole(m.role) ? m.role : "neutral"}>{roleName(m.role, roles)}</Badge>
        )}
      </Td>
      <Td className="text-zinc-500">{m.joinedAt.slice(0, 10)}</Td>
      <Td className="text-right">
        <div className="flex justify-end gap-2">
          {myRole === "OWNER" && !isMe ? (
            <ConfirmDialog
              trigger={
                <Button variant="secondary" size="sm">
                  Make owner
                </Button>
              }
              title={`Transfer ownership to ${m.name}?`}
              description="There is exactly one owner. You will become an admin, and only the new owner can transfer it back."
              confirmLabel="Transfer ownership"
              onConfirm={() =>
                runAction(transferOwnershipAction({ tenant, userId: m.userId }), `${m.name} now owns this tenant.`)
              }
            />
          ) : null}
          {!isOwner && (isMe || canManage) ? (
            <ConfirmDialog
              trigger={
                <Button variant="ghost" size="sm" className="text-red-600">
                  {isMe ? "Leave" : "Remove"}
                </Button>
              }
              title={isMe ? "Leave this tenant?" : `Remove ${m.name}?`}
              description={
                isMe
                  ? "You will lose access to everything in this tenant until someone adds you again."
                  : `${m.name} will lose access to this tenant at once.`
              }
              confirmLabel={isMe ? "Leave tenant" : "Remove member"}
              danger
              onConfirm={() =>
                runAction(
                  removeMemberAction({ tenant, userId: m.userId }),
                  isMe ? "You left the tenant." : `${m.name} was removed.`,
                )
              }
            />
          ) : null}
        </div>
      </Td>
    </Tr>
  );
}
