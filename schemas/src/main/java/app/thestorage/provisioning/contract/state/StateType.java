package app.thestorage.provisioning.contract.state;

/** What a record of a state topic describes; one type per topic. */
public enum StateType {
    /** A user, on {@link app.thestorage.provisioning.contract.Topics#USER_STATE}. */
    USER,
    /** A group without its members, on {@link app.thestorage.provisioning.contract.Topics#GROUP_STATE}. */
    GROUP,
    /** One member of one group, on {@link app.thestorage.provisioning.contract.Topics#GROUP_MEMBER_STATE}. */
    GROUP_MEMBER
}
