// Which color scheme the panel uses. DevTools tells an extension panel its theme through
// chrome.devtools.panels.themeName ('default' | 'dark'); standalone, `?theme=` forces one and
// otherwise the page follows prefers-color-scheme (panel.css).

export type ThemeName = 'light' | 'dark';
/** 'system' = no forced theme: CSS follows prefers-color-scheme. */
export type ThemeChoice = ThemeName | 'system';

export interface ThemeInputs {
  /** chrome.devtools.panels.themeName when running inside DevTools. */
  devtoolsThemeName?: string | undefined;
  /** The `theme` query parameter in standalone mode. */
  queryTheme?: string | null;
}

export function resolveTheme({ devtoolsThemeName, queryTheme }: ThemeInputs): ThemeChoice {
  if (queryTheme === 'light' || queryTheme === 'dark') return queryTheme;
  if (devtoolsThemeName === 'dark') return 'dark';
  // DevTools names its light theme 'default'.
  if (devtoolsThemeName === 'default' || devtoolsThemeName === 'light') return 'light';
  return 'system';
}
