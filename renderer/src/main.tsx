import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { selectClient } from './api/select';
import { App } from './App';
import './styles.css';

const root = document.getElementById('app');
if (!root) throw new Error('Expected an #app element for the renderer but received none');
createRoot(root).render(
  <StrictMode>
    <App client={selectClient()} />
  </StrictMode>,
);
