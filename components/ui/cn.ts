import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Class names, conditional (clsx) and merged the Tailwind way: a later utility replaces an earlier
 * one of the same property, so `cn("text-zinc-700", "text-red-600")` is red, whatever the order
 * of the stylesheet.
 */
export function cn(...values: ClassValue[]): string {
  return twMerge(clsx(values));
}
