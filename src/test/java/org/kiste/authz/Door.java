package org.kiste.authz;

/** The ways into Kiste whose authorisation the matrix checks. */
enum Door {
    /** {@code /remote.php/dav/files/{user}/…} with Basic credentials */
    WEBDAV,
    /** {@code /ocs/v{1,2}.php/…} */
    OCS,
    /** {@code /public.php/dav/files/{token}/…} */
    PUBLIC_DAV,
    /** {@code /s/{token}} */
    PUBLIC_PAGE
}
