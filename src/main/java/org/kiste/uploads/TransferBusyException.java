package org.kiste.uploads;

import org.kiste.model.FilesException;

/** The transfer is being assembled right now, by this or another server process: 423, try again later. */
public final class TransferBusyException extends FilesException {
    public TransferBusyException(String transfer) {
        super("upload " + transfer + " is being assembled");
    }

    @Override
    public int httpStatus() {
        return 423;
    }
}
