"use client";

import { createContext, type ReactNode, useContext } from "react";

const TimeZoneContext = createContext("UTC");

/** The tenant's time zone for the client components below (the tenant layout sets it once). */
export function TimeZoneProvider({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  return <TimeZoneContext.Provider value={timeZone}>{children}</TimeZoneContext.Provider>;
}

/** The time zone client components format dates in (lib/format's `dateTime(d, useTimeZone())`). */
export const useTimeZone = () => useContext(TimeZoneContext);
