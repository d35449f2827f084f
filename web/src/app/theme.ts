import {
  type CSSVariablesResolver,
  createTheme,
  darken,
  localStorageColorSchemeManager,
  luminance,
  type MantineColorsTuple,
} from '@mantine/core';

/**
 * Parley's look, held to WCAG 2.2 AA: every text colour has at least 4.5:1 against the background it sits
 * on, in the light and the dark scheme. Mantine's defaults fall short in a few places (indigo 6 on white is
 * 4.32:1, dimmed grey 3.32:1, placeholders 2.07:1), so those are set here.
 */

/** The WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const AA = 4.5;

/** Light badges and alerts write shade 9 on shade 1; yellow, orange, green… need it darker to read. */
function readableOnTint(colors: MantineColorsTuple): string {
  let text = colors[9];
  for (let amount = 0.1; contrast(text, colors[1]) < AA && amount < 1; amount += 0.1) {
    text = darken(colors[9], amount);
  }
  return text;
}

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 is 5.67:1 against white, for white text on buttons and for links in both schemes.
  primaryShade: { light: 8, dark: 8 },
  // Filled badges and buttons in light colours (yellow) get dark text.
  autoContrast: true,
  defaultRadius: 'md',
});

const LIGHT = {
  dimmed: '#5f6870', // 5.67:1 on white, 5.10:1 on gray 1
  placeholder: '#666d75', // 5.24:1 on white
};
const DARK = {
  dimmed: '#a3a3a3', // 6.15:1 on dark 7, 5.38:1 on dark 6
  placeholder: '#9a9a9a', // 4.83:1 on dark 6, the inputs' background
};

export const cssVariablesResolver: CSSVariablesResolver = (resolved) => {
  const tints = Object.fromEntries(
    Object.entries(resolved.colors).map(([name, colors]) => [
      `--mantine-color-${name}-light-color`,
      readableOnTint(colors),
    ]),
  );
  return {
    variables: {},
    light: {
      ...tints,
      '--mantine-color-dimmed': LIGHT.dimmed,
      '--mantine-color-placeholder': LIGHT.placeholder,
      '--mantine-color-error': 'var(--mantine-color-red-9)',
      '--mantine-color-success': 'var(--mantine-color-teal-9)',
    },
    dark: {
      // Indigo 4 falls to 4.2:1 on a hovered table row (dark 5); indigo 3 keeps links above 5:1.
      '--mantine-color-anchor': 'var(--mantine-color-indigo-3)',
      '--mantine-color-dimmed': DARK.dimmed,
      '--mantine-color-placeholder': DARK.placeholder,
      '--mantine-color-error': 'var(--mantine-color-red-5)',
      '--mantine-color-success': 'var(--mantine-color-teal-5)',
    },
  };
};

/** The light or dark choice is remembered per browser; with none, the system's setting is followed. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'parley.color-scheme' });
