/** The few icons, drawn inline (no icon font, no extra requests). Decorative: buttons carry the name. */
const PATHS = {
  plus: 'M12 5v14M5 12h14',
  scan: 'M4 8V4h4M16 4h4v4M20 16v4h-4M8 20H4v-4M8 8h3v3H8zM13 13h3v3h-3zM13 8h3M8 13v3',
  // A cog: eight teeth around a hole, the shape people know as "settings".
  gear:
    'M10.29 4.19L10.68 1.58L13.32 1.58L13.71 4.19L16.31 5.26L18.44 3.7L20.3 5.56L18.74 7.69L19.81 10.29L22.42 10.68L22.42 13.32L19.81 13.71L18.74 16.31L20.3 18.44L18.44 20.3L16.31 18.74L13.71 19.81L13.32 22.42L10.68 22.42L10.29 19.81L7.69 18.74L5.56 20.3L3.7 18.44L5.26 16.31L4.19 13.71L1.58 13.32L1.58 10.68L4.19 10.29L5.26 7.69L3.7 5.56L5.56 3.7L7.69 5.26ZM15 12a3 3 0 1 1-6 0a3 3 0 1 1 6 0z',
  lock: 'M6 11h12v9H6zM8 11V8a4 4 0 0 1 8 0v3',
  back: 'M19 12H5M11 6l-6 6 6 6',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  pin: 'M9 3h6l-1 6 3 3v2H7v-2l3-3zM12 14v7',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg class="ico" viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        stroke-width={name === 'more' ? 3.5 : name === 'gear' ? 1.8 : 2}
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}
