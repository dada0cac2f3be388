// The toolbar badge: per tab, the count of CORS preflight failures (core/badge-text.ts decides
// what it says). Chromium and Firefox clear a tab's badge when a navigation commits, so the
// pipeline shows it again then.
import { badgeFor, type Badge } from '../core/badge-text';

export type SetBadge = (tabId: number, badge: Badge) => Promise<void> | void;

/** The badge's background colour. */
export const BADGE_COLOR = '#d93025';

export class TabBadge {
  constructor(private readonly setBadge: SetBadge) {}

  show(tabId: number, log: Parameters<typeof badgeFor>[0]): void {
    Promise.resolve(this.setBadge(tabId, badgeFor(log))).catch(() => {
      // The tab may be gone already: nothing to show then.
    });
  }
}

/** The subset of `browser.action` the badge uses. */
export interface ActionLike {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
}

/** Shows a badge through the extension's action (the worker's only use of it). */
export function actionBadge(action: ActionLike): SetBadge {
  return async (tabId, badge) => {
    await action.setBadgeText({ tabId, text: badge.text });
    await action.setTitle({ tabId, title: badge.title });
  };
}
