/** The view state and the one place it changes. No DOM here, so plain Node tests read it. */
import type { ViewSettings, WebviewToHost } from '../src/protocol';
import { hostSettings, loadState, type ViewState } from './viewState';

/** The part of VS Code's webview API the page uses. */
export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/**
 * Holds the view state, read back from the webview's saved state. Every change is saved at once (the
 * webview may be hidden any time), and sent to the host when it changes the settings the host builds
 * the data from — the rest (filter, table, y scale, …) is drawn by the page alone.
 */
export class Store {
  private current: ViewState;
  private settingsTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly api: VsCodeApi) {
    this.current = loadState(api.getState());
  }

  get state(): ViewState {
    return this.current;
  }

  settings(): ViewSettings {
    return hostSettings(this.current);
  }

  /**
   * Applies `patch`. With `delay` (ms), changed settings go to the host that long after the last such
   * update rather than on each (a slider's moves); a later change without delay sends them at once.
   */
  update(patch: Partial<ViewState>, delay = 0): void {
    const before = JSON.stringify(this.settings());
    this.current = { ...this.current, ...patch };
    this.api.setState(this.current);
    if (JSON.stringify(this.settings()) === before) return;
    clearTimeout(this.settingsTimer);
    const send = (): void => this.api.postMessage({ type: 'settings', settings: this.settings() });
    if (delay > 0) this.settingsTimer = setTimeout(send, delay);
    else send();
  }
}
