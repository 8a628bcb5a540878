import type { Toast } from '../../src/protocol/schemas';

const HOST_ID = 'commonplace-toast-host';

/**
 * Shows a save outcome inside the page, in a shadow root so page styles cannot restyle
 * or read it. Text only (textContent), never HTML. Returns false if the page has no body.
 */
export function showToast(toast: Toast): boolean {
  if (!document.body) return false;
  document.getElementById(HOST_ID)?.remove();
  const host = document.createElement('div');
  host.id = HOST_ID;
  host.setAttribute('data-kind', toast.kind);
  const shadow = host.attachShadow({ mode: 'open' });
  const box = document.createElement('div');
  box.setAttribute('role', toast.kind === 'error' ? 'alert' : 'status');
  box.textContent = toast.message;
  const style = document.createElement('style');
  // `:host` resets what page styles could set on the host element itself (opacity, display, …).
  style.textContent = `:host{all:initial !important}
    div{position:fixed;z-index:2147483647;right:16px;bottom:16px;max-width:360px;padding:12px 16px;border-radius:8px;
    font:14px/1.4 system-ui,sans-serif;color:#fff;background:${toast.kind === 'error' ? '#b3261e' : '#1d6b3a'};box-shadow:0 4px 16px rgba(0,0,0,.3)}`;
  shadow.append(style, box);
  document.documentElement.append(host);
  setTimeout(() => host.remove(), toast.kind === 'error' ? 9000 : 4000);
  return true;
}
