// What the test page stands in for: VS Code's theme variables, and its webview host (the stub script).

// A subset of the variables VS Code's Light Modern and Dark Modern themes set on <html>.
export const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'editor-background': '#ffffff',
      'editor-foreground': '#3b3b3b',
      foreground: '#3b3b3b',
      descriptionForeground: '#717171',
      'editorWidget-border': '#e5e5e5',
      'editorWidget-background': '#f8f8f8',
      'charts-blue': '#1a85ff',
      'charts-red': '#e51400',
      'charts-orange': '#d18616',
      'charts-green': '#388a34',
      'charts-purple': '#652d90',
      'charts-yellow': '#bf8803',
      'editorHoverWidget-background': '#f8f8f8',
      'editorHoverWidget-foreground': '#3b3b3b',
      'editorHoverWidget-border': '#c8c8c8',
      'input-background': '#ffffff',
      'input-foreground': '#3b3b3b',
      'input-border': '#cecece',
      'input-placeholderForeground': '#767676',
      focusBorder: '#005fb8',
      'textLink-foreground': '#005fb8',
      'widget-shadow': 'rgba(0,0,0,0.16)',
      'inputValidation-warningBackground': '#f6f5d2',
      'inputValidation-warningBorder': '#b89500',
      'inputValidation-errorBackground': '#f2dede',
      'inputValidation-errorBorder': '#be1100',
      'inputOption-activeBackground': 'rgba(190,230,253,0.2)',
      'inputOption-activeBorder': '#005fb8',
      'inputOption-activeForeground': '#000000',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      'font-size': '13px',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f',
      'editor-foreground': '#cccccc',
      foreground: '#cccccc',
      descriptionForeground: '#9d9d9d',
      'editorWidget-border': '#313131',
      'editorWidget-background': '#202020',
      'charts-blue': '#3794ff',
      'charts-red': '#f14c4c',
      'charts-orange': '#d18616',
      'charts-green': '#89d185',
      'charts-purple': '#b180d7',
      'charts-yellow': '#cca700',
      'editorHoverWidget-background': '#202020',
      'editorHoverWidget-foreground': '#cccccc',
      'editorHoverWidget-border': '#454545',
      'input-background': '#313131',
      'input-foreground': '#cccccc',
      'input-border': '#3c3c3c',
      'input-placeholderForeground': '#989898',
      focusBorder: '#0078d4',
      'textLink-foreground': '#4daafc',
      'widget-shadow': 'rgba(0,0,0,0.36)',
      'inputValidation-warningBackground': '#352a05',
      'inputValidation-warningBorder': '#b89500',
      'inputValidation-errorBackground': '#5a1d1d',
      'inputValidation-errorBorder': '#be1100',
      'inputOption-activeBackground': 'rgba(36,137,219,0.51)',
      'inputOption-activeBorder': '#2488db',
      'inputOption-activeForeground': '#ffffff',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      'font-size': '13px',
    },
  },
};
// High Contrast (dark): black cards, and VS Code's hcDark chart colours (charts.orange is #AB5A00 there).
THEMES.hc = {
  bodyClass: 'vscode-high-contrast',
  vars: {
    ...THEMES.dark.vars,
    'editor-background': '#000000',
    'editor-foreground': '#ffffff',
    foreground: '#ffffff',
    descriptionForeground: '#ffffff',
    'editorWidget-border': '#6fc3df',
    'editorWidget-background': '#0c141f',
    'charts-blue': '#3794ff',
    'charts-red': '#f48771',
    'charts-orange': '#ab5a00',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
    'charts-yellow': '#ffd370',
  },
};

// The stand-in for VS Code's webview host: acquireVsCodeApi (once), state kept in sessionStorage so it
// survives a reload the way VS Code keeps it while the webview is hidden, theme switching, and a poster
// delivering host messages as VS Code does (a `message` event on window; Float64Arrays arrive as such).
export const STUB = `
window.__posted = [];
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
const THEMES = ${JSON.stringify(THEMES)};
window.__setTheme = (name) => {
  const theme = THEMES[name];
  for (const [k, v] of Object.entries(theme.vars)) document.documentElement.style.setProperty('--vscode-' + k, v);
  document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
  document.body.classList.add(theme.bodyClass);
};
window.__setTheme('light');
let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
  acquired = true;
  return {
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null') ?? undefined,
    setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
  };
};
window.__post = (message) => window.postMessage(message, '*');
`;
