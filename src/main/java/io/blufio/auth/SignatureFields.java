package io.blufio.auth;

import java.util.Map;

/**
 * The {@code Signature-Input} and {@code Signature} fields of one request (RFC 9421 sections 4.1 and 4.2),
 * parsed strictly: each must be a dictionary of exactly one member, under the same label; the input an
 * inner list with parameters, the signature a byte sequence.
 *
 * @param label the signature label, e.g. {@code sig1}
 * @param input the covered components and the signature parameters
 * @param signature the signature bytes
 */
record SignatureFields(String label, StructuredFields.InnerList input, byte[] signature) {
    /** Parses the two raw field values (null when absent) or throws the rejection naming what is wrong. */
    static SignatureFields parse(String inputField, String signatureField) throws RequestVerifier.Rejected {
        if (inputField == null) throw new RequestVerifier.Rejected("signature_input_missing", "no Signature-Input header");
        if (signatureField == null) throw new RequestVerifier.Rejected("signature_missing", "no Signature header");
        Map.Entry<String, StructuredFields.Member> input = single(inputField, "signature_input_malformed");
        Map.Entry<String, StructuredFields.Member> signature = single(signatureField, "signature_malformed");
        if (!(input.getValue() instanceof StructuredFields.InnerList list)) {
            throw new RequestVerifier.Rejected("signature_input_malformed", "member " + input.getKey() + " is not an inner list");
        }
        if (!(signature.getValue() instanceof StructuredFields.Item item) || !(item.value() instanceof byte[] bytes)) {
            throw new RequestVerifier.Rejected("signature_malformed", "member " + signature.getKey() + " is not a byte sequence");
        }
        if (!input.getKey().equals(signature.getKey())) {
            throw new RequestVerifier.Rejected("label_mismatch", "Signature-Input has " + input.getKey()
                    + ", Signature has " + signature.getKey());
        }
        return new SignatureFields(input.getKey(), list, bytes);
    }

    private static Map.Entry<String, StructuredFields.Member> single(String field, String code) throws RequestVerifier.Rejected {
        Map<String, StructuredFields.Member> members;
        try {
            members = StructuredFields.parseDictionary(field);
        } catch (StructuredFields.ParseException e) {
            throw new RequestVerifier.Rejected(code, e.getMessage());
        }
        if (members.size() != 1) {
            throw new RequestVerifier.Rejected(code, "expected exactly one signature, got " + members.size());
        }
        return members.entrySet().iterator().next();
    }
}
