/** The banners above the charts: the host's error, the lines the parser skipped, and other notices. */
import type { SkippedSummary, WebviewToHost } from '../src/protocol';
import { button, el } from './dom';
import { skippedText } from './texts';

export interface Banners {
  /** In page order. */
  readonly elements: readonly HTMLElement[];
  showError(message: string): void;
  hideError(): void;
  showSkipped(skipped: SkippedSummary): void;
  showNotices(notices: readonly string[]): void;
}

export function createBanners(post: (message: WebviewToHost) => void): Banners {
  const error = el('div', 'tc-banner tc-error');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const skipped = el('div', 'tc-banner tc-warning');
  skipped.hidden = true;
  const notices = el('ul', 'tc-notices');
  notices.hidden = true;

  const openAsText = (): HTMLButtonElement => {
    const node = button('tc-link', 'Open as Text');
    node.addEventListener('click', () => post({ type: 'openAsText' }));
    return node;
  };

  return {
    elements: [error, skipped, notices],
    showError: (message) => {
      error.replaceChildren(el('span', 'tc-banner-text', message), openAsText());
      error.hidden = false;
    },
    hideError: () => (error.hidden = true),
    showSkipped: (summary) => {
      const text = skippedText(summary);
      if (text === undefined) {
        skipped.hidden = true;
        return;
      }
      skipped.replaceChildren(el('span', 'tc-banner-text', text), openAsText());
      skipped.hidden = false;
    },
    showNotices: (list) => {
      notices.replaceChildren(...list.map((n) => el('li', 'tc-notice', n)));
      notices.hidden = list.length === 0;
    },
  };
}
