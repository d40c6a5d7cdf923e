import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('digitread', { version: '0.1.0' });
