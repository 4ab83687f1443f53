package org.kiste.cli;

import org.kiste.model.Role;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Lets picocli reject an unknown role as a usage error, naming the roles there are. */
final class RoleConverter implements ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
        try {
            return Role.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
