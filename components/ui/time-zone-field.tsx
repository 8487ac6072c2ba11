"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { TextField } from "./field";

/** "UTC+08:00" for a zone now ("UTC" for zero); null when the runtime does not know the zone. */
function offsetOf(zone: string, at: Date): string | null {
  try {
    const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
    return name ? name.replace("GMT", "UTC") : null;
  } catch {
    return null;
  }
}

/**
 * An IANA time zone, picked from a searchable list: type "shang" or "+08" and the browser's list
 * offers Asia/Shanghai with its current offset. The list is the runtime's own zones; the server
 * checks the value again.
 */
export function TimeZoneField(props: { name: string; defaultValue: string; error?: string; label?: string }) {
  const t = useTranslations("ui.time_zone");
  const listId = useId();
  // Built in the browser, after hydration: the server's zone list and offsets need not match it.
  const [zones, setZones] = useState<{ zone: string; offset: string | null }[]>([]);
  useEffect(() => {
    const now = new Date();
    const all = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
    setZones(all.map((zone) => ({ zone, offset: offsetOf(zone, now) })));
  }, []);
  return (
    <>
      <TextField
        label={props.label ?? t("label")}
        name={props.name}
        defaultValue={props.defaultValue}
        list={listId}
        autoComplete="off"
        spellCheck={false}
        hint={t("hint")}
        error={props.error}
      />
      <datalist id={listId}>
        {zones.map(({ zone, offset }) => (
          <option key={zone} value={zone}>
            {offset ?? zone}
          </option>
        ))}
      </datalist>
    </>
  );
}
