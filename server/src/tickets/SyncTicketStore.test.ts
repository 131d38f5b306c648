import { ticketStoreContract } from '../../test/ticketStoreContract.ts';
import { MemorySyncTicketStore } from './SyncTicketStore.ts';

ticketStoreContract('memory', () => new MemorySyncTicketStore());
