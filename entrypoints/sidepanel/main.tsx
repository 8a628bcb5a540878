import { render } from 'preact';
import '../../extension/ui/theme.css';
import { SidePanel } from '../../extension/ui/SidePanel';

render(<SidePanel />, document.getElementById('app')!);
