"use server";

import { revalidatePath } from "next/cache";
import { markRead } from "@/lib/notifications/mark-read";
import { muteOrder } from "@/lib/notifications/mute-order";
import { retryDelivery } from "@/lib/notifications/retry-delivery";
import { deleteChannel, saveChannel } from "@/lib/notifications/save-channel";
import { savePreferences } from "@/lib/notifications/save-preferences";
import { resetNotificationTemplate, saveNotificationTemplate } from "@/lib/notifications/save-template";
import { testChannel } from "@/lib/notifications/test-channel";
import { tenantAction } from "@/lib/safe-action";
import {
  ZChannelRef,
  ZDeliveryRef,
  ZMarkRead,
  ZMuteOrder,
  ZSaveChannel,
  ZSavePreferences,
  ZSaveTemplate,
  ZTemplateRef,
} from "@/lib/validation/notifications";

const refresh = (slug: string) => revalidatePath(`/t/${slug}/notifications`, "layout");

/** The operation's input: the route's tenant slug only selected the tenant (ctx.actor carries it). */
function own<T extends { tenant: string }>({ tenant: _tenant, ...input }: T): Omit<T, "tenant"> {
  return input;
}

export const saveChannelAction = tenantAction.inputSchema(ZSaveChannel).action(async ({ parsedInput, ctx }) => {
  const saved = await saveChannel(ctx.actor, own(parsedInput));
  refresh(ctx.tenant.slug);
  return saved;
});

export const deleteChannelAction = tenantAction.inputSchema(ZChannelRef).action(async ({ parsedInput, ctx }) => {
  await deleteChannel(ctx.actor, own(parsedInput));
  refresh(ctx.tenant.slug);
});

export const testChannelAction = tenantAction.inputSchema(ZChannelRef).action(async ({ parsedInput, ctx }) => {
  const result = await testChannel(ctx.actor, own(parsedInput));
  refresh(ctx.tenant.slug);
  return result;
});

export const saveTemplateAction = tenantAction.inputSchema(ZSaveTemplate).action(async ({ parsedInput, ctx }) => {
  await saveNotificationTemplate(ctx.actor, own(parsedInput));
  refresh(ctx.tenant.slug);
  return { event: parsedInput.event, format: parsedInput.format };
});

export const resetTemplateAction = tenantAction.inputSchema(ZTemplateRef).action(async ({ parsedInput, ctx }) => {
  await resetNotificationTemplate(ctx.actor, own(parsedInput));
  refresh(ctx.tenant.slug);
});

export const savePreferencesAction = tenantAction.inputSchema(ZSavePreferences).action(async ({ parsedInput, ctx }) => {
  await savePreferences(ctx.actor, own(parsedInput));
  refresh(ctx.tenant.slug);
});

export const muteOrderAction = tenantAction.inputSchema(ZMuteOrder).action(async ({ parsedInput, ctx }) => {
  await muteOrder(ctx.actor, own(parsedInput));
  refresh(ctx.tenant.slug);
  revalidatePath(`/t/${ctx.tenant.slug}/work-orders/${parsedInput.orderId}`);
  return { muted: parsedInput.muted };
});

export const retryDeliveryAction = tenantAction.inputSchema(ZDeliveryRef).action(async ({ parsedInput, ctx }) => {
  await retryDelivery(ctx.actor, own(parsedInput));
  refresh(ctx.tenant.slug);
});

export const markReadAction = tenantAction.inputSchema(ZMarkRead).action(async ({ parsedInput, ctx }) => {
  const changed = await markRead(ctx.actor, own(parsedInput));
  refresh(ctx.tenant.slug);
  return { changed };
});
