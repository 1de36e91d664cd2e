package app.thestorage.provisioning.scim.filter;

import app.thestorage.provisioning.scim.schema.AttributePath;

/** A SCIM filter expression (RFC 7644 §3.4.2.2), as parsed by {@link FilterParser}. */
public sealed interface Filter {

    enum Operator {
        EQ, NE, CO, SW, EW, GT, GE, LT, LE
    }

    /** {@code attrPath op value}; value is a String, Boolean, Number (BigDecimal) or null. */
    record Comparison(AttributePath path, Operator operator, Object value) implements Filter {
    }

    /** {@code attrPath pr}. */
    record Present(AttributePath path) implements Filter {
    }

    record And(Filter left, Filter right) implements Filter {
    }

    record Or(Filter left, Filter right) implements Filter {
    }

    record Not(Filter filter) implements Filter {
    }

    /** {@code emails[type eq "work"]}: some value of a multi-valued attribute matches the inner filter. */
    record ValuePath(AttributePath path, Filter filter) implements Filter {
    }
}
