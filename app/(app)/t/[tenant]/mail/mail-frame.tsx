"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * An email's HTML in a sandboxed frame that runs no script (no `allow-scripts`): same-origin only
 * so this page can measure it, popups so its links open (in a new tab, previewHtml's base target).
 * The frame is as tall as the email, so nothing is cut off and no scrollbar sits inside the page's.
 */
export function MailFrame({ html, title }: { html: string; title: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<number | null>(null);
  const measure = useCallback(() => {
    const doc = frame.current?.contentDocument;
    if (!doc?.documentElement) return;
    const root = doc.documentElement;
    const scrollbar = root.scrollWidth > root.clientWidth ? 20 : 0;
    setHeight(Math.ceil(root.getBoundingClientRect().height) + scrollbar);
  }, []);
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    // The email reflows when the frame's width changes (a window resize, the layout's columns).
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.contentDocument?.readyState === "complete") measure();
    return () => observer.disconnect();
  }, [measure]);
  return (
    <iframe
      ref={frame}
      title={title}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      srcDoc={html}
      onLoad={measure}
      data-testid="mail-frame"
      style={{ height: height ?? 448 }}
      className="block w-full rounded-md border border-zinc-200"
    />
  );
}
