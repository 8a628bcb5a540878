// The list's first read, started as soon as this small module runs, before the panel's own
// script (its larger module graph) has loaded: the index read overlaps the page's start-up.
// main.tsx imports the same module, so the read is made once (extension/ui/use-clip-list.ts).
import '../../extension/ui/use-clip-list';
