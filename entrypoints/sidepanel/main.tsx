import { render } from 'preact';
import { keepBackgroundAwake } from '../../extension/keep-awake-port';
import { SidePanel } from '../../extension/ui/SidePanel';
import { firstPageRead } from '../../extension/ui/use-clip-list';
import { askPersistentStorage } from '../../extension/ui/use-persistent-storage';

// First render once the first page of the list is read (it started as the list module loaded), or after 150 ms.
// Then persistent storage is asked for, so that the library is kept under disk pressure without a visit to the options page.
void Promise.race([firstPageRead, new Promise((resolve) => setTimeout(resolve, 150))])
  .then(() => render(<SidePanel />, document.getElementById('app')!))
  .then(() => askPersistentStorage());
// While this page is open, synced changes keep arriving (the background stays awake).
keepBackgroundAwake();
