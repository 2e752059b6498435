import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace game. */
export namespace game {

    /**
     * Properties of a Vec3.
     * @deprecated Use game.Vec3.$Properties instead.
     */
    interface IVec3 extends game.Vec3.$Properties {
    }

    /** Represents a Vec3. */
    class Vec3 {

        /**
         * Constructs a new Vec3.
         * @param [properties] Properties to set
         */
        constructor(properties?: game.Vec3.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Vec3 x. */
        x: number;

        /** Vec3 y. */
        y: number;

        /** Vec3 z. */
        z: number;

        /**
         * Creates a new Vec3 instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Vec3 instance
         */
        static create(properties: game.Vec3.$Shape): game.Vec3 & game.Vec3.$Shape;
        static create(properties?: game.Vec3.$Properties): game.Vec3;

        /**
         * Encodes the specified Vec3 message. Does not implicitly {@link game.Vec3.verify|verify} messages.
         * @param message Vec3 message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: game.Vec3.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Vec3 message, length delimited. Does not implicitly {@link game.Vec3.verify|verify} messages.
         * @param message Vec3 message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encodeDelimited(message: game.Vec3.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Vec3 message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {game.Vec3 & game.Vec3.$Shape} Vec3
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): game.Vec3 & game.Vec3.$Shape;

        /**
         * Decodes a Vec3 message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns {game.Vec3 & game.Vec3.$Shape} Vec3
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): game.Vec3 & game.Vec3.$Shape;

        /**
         * Verifies a Vec3 message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a Vec3 message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Vec3
         */
        static fromObject(object: { [k: string]: any }): game.Vec3;

        /**
         * Creates a plain object from a Vec3 message. Also converts values to other types if specified.
         * @param message Vec3
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: game.Vec3, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Vec3 to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for Vec3
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Vec3 {

        /** Properties of a Vec3. */
        interface $Properties {

            /** Vec3 x */
            x?: (number|null);

            /** Vec3 y */
            y?: (number|null);

            /** Vec3 z */
            z?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Vec3. */
        type $Shape = game.Vec3.$Properties;
    }

    /**
     * Properties of an Item.
     * @deprecated Use game.Item.$Properties instead.
     */
    interface IItem extends game.Item.$Properties {
    }

    /** Represents an Item. */
    class Item {

        /**
         * Constructs a new Item.
         * @param [properties] Properties to set
         */
        constructor(properties?: game.Item.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Item id. */
        id: number;

        /** Item count. */
        count: number;

        /** Item name. */
        name: string;

        /**
         * Creates a new Item instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Item instance
         */
        static create(properties: game.Item.$Shape): game.Item & game.Item.$Shape;
        static create(properties?: game.Item.$Properties): game.Item;

        /**
         * Encodes the specified Item message. Does not implicitly {@link game.Item.verify|verify} messages.
         * @param message Item message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: game.Item.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified Item message, length delimited. Does not implicitly {@link game.Item.verify|verify} messages.
         * @param message Item message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encodeDelimited(message: game.Item.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an Item message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {game.Item & game.Item.$Shape} Item
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): game.Item & game.Item.$Shape;

        /**
         * Decodes an Item message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns {game.Item & game.Item.$Shape} Item
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): game.Item & game.Item.$Shape;

        /**
         * Verifies an Item message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates an Item message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Item
         */
        static fromObject(object: { [k: string]: any }): game.Item;

        /**
         * Creates a plain object from an Item message. Also converts values to other types if specified.
         * @param message Item
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: game.Item, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Item to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for Item
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Item {

        /** Properties of an Item. */
        interface $Properties {

            /** Item id */
            id?: (number|null);

            /** Item count */
            count?: (number|null);

            /** Item name */
            name?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an Item. */
        type $Shape = game.Item.$Properties;
    }

    /**
     * Properties of a PlayerUpdate.
     * @deprecated Use game.PlayerUpdate.$Properties instead.
     */
    interface IPlayerUpdate extends game.PlayerUpdate.$Properties {
    }

    /** Represents a PlayerUpdate. */
    class PlayerUpdate {

        /**
         * Constructs a new PlayerUpdate.
         * @param [properties] Properties to set
         */
        constructor(properties?: game.PlayerUpdate.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** PlayerUpdate id. */
        id: number;

        /** PlayerUpdate level. */
        level: number;

        /** PlayerUpdate gold. */
        gold: number;

        /** PlayerUpdate name. */
        name: string;

        /** PlayerUpdate speed. */
        speed: number;

        /** PlayerUpdate online. */
        online: boolean;

        /** PlayerUpdate tags. */
        tags: string[];

        /** PlayerUpdate pos. */
        pos?: (game.Vec3.$Properties|null);

        /** PlayerUpdate items. */
        items: game.Item.$Properties[];

        /**
         * Creates a new PlayerUpdate instance using the specified properties.
         * @param [properties] Properties to set
         * @returns PlayerUpdate instance
         */
        static create(properties: game.PlayerUpdate.$Shape): game.PlayerUpdate & game.PlayerUpdate.$Shape;
        static create(properties?: game.PlayerUpdate.$Properties): game.PlayerUpdate;

        /**
         * Encodes the specified PlayerUpdate message. Does not implicitly {@link game.PlayerUpdate.verify|verify} messages.
         * @param message PlayerUpdate message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: game.PlayerUpdate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified PlayerUpdate message, length delimited. Does not implicitly {@link game.PlayerUpdate.verify|verify} messages.
         * @param message PlayerUpdate message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encodeDelimited(message: game.PlayerUpdate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a PlayerUpdate message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {game.PlayerUpdate & game.PlayerUpdate.$Shape} PlayerUpdate
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): game.PlayerUpdate & game.PlayerUpdate.$Shape;

        /**
         * Decodes a PlayerUpdate message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns {game.PlayerUpdate & game.PlayerUpdate.$Shape} PlayerUpdate
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): game.PlayerUpdate & game.PlayerUpdate.$Shape;

        /**
         * Verifies a PlayerUpdate message.
         * @param message Plain object to verify
         * @returns `null` if valid, otherwise the reason why it is not
         */
        static verify(message: { [k: string]: any }): (string|null);

        /**
         * Creates a PlayerUpdate message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns PlayerUpdate
         */
        static fromObject(object: { [k: string]: any }): game.PlayerUpdate;

        /**
         * Creates a plain object from a PlayerUpdate message. Also converts values to other types if specified.
         * @param message PlayerUpdate
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: game.PlayerUpdate, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this PlayerUpdate to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for PlayerUpdate
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace PlayerUpdate {

        /** Properties of a PlayerUpdate. */
        interface $Properties {

            /** PlayerUpdate id */
            id?: (number|null);

            /** PlayerUpdate level */
            level?: (number|null);

            /** PlayerUpdate gold */
            gold?: (number|null);

            /** PlayerUpdate name */
            name?: (string|null);

            /** PlayerUpdate speed */
            speed?: (number|null);

            /** PlayerUpdate online */
            online?: (boolean|null);

            /** PlayerUpdate tags */
            tags?: (string[]|null);

            /** PlayerUpdate pos */
            pos?: (game.Vec3.$Properties|null);

            /** PlayerUpdate items */
            items?: (game.Item.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a PlayerUpdate. */
        type $Shape = game.PlayerUpdate.$Properties;
    }
}
