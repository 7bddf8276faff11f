/** Markup that is already safe to insert: built by report code from escaped text, never from raw data. Plain strings are text and get escaped. */
import { escapeHtml } from './escape-html.js';

export interface Html {
  readonly html: string;
}

export function trusted(html: string): Html {
  return { html };
}

/** Text or markup, as HTML. */
export function toHtml(content: string | Html): string {
  return typeof content === 'string' ? escapeHtml(content) : content.html;
}
