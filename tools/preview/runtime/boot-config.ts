/** The shape the generated entry passes to `boot()`: the app as the build scanned it. */

/** One page or component with its logic loader (runs the file, which calls Component()). */
export interface ComponentMeta {
  id: string;
  path: string;
  classPrefix: string;
  isPage: boolean;
  json: { navigationBarTitleText?: string; navigationStyle?: string; usingComponents?: Record<string, string> };
  using: Record<string, string>;
  load(): void;
}

/** Everything `boot()` needs. */
export interface BootConfig {
  appJson: { pages: string[]; window?: { navigationBarTitleText?: string; navigationStyle?: string; navigationBarBackgroundColor?: string; navigationBarTextStyle?: string } };
  appLogic: (() => void) | null;
  /** theme.json, when app.json enables darkmode: window values written `@name` are looked up here. */
  theme: Record<string, Record<string, string>> | null;
  components: ComponentMeta[];
}
